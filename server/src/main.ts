/** Entry of the language server process: builds the connection (IPC, stdio or socket, as the launcher asks) and starts the server on it. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';

// The AWS SDK warns through Node's process warnings that its versions from 2027 need a newer Node than the one VS Code
// runs the server on; Node prints that to stderr, which the editor shows as an error on every start. The user can do
// nothing about VS Code's Node, so the SDK's own switch turns the warning off.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const connection = createConnection(ProposedFeatures.all);

// The server never writes to stdout: with --stdio that stream carries the protocol.
console.log = connection.console.log.bind(connection.console);
console.info = connection.console.info.bind(connection.console);
console.warn = connection.console.warn.bind(connection.console);
console.error = connection.console.error.bind(connection.console);
process.on('uncaughtException', (error) => connection.console.error(`Uncaught exception: ${error.stack ?? error}`));
process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${reason}`));

startServer(connection);
