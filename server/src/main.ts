/** Entry of the language server process: builds the connection (IPC, stdio or socket, as the launcher asks) and starts the server on it. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';

const connection = createConnection(ProposedFeatures.all);

// The server never writes to stdout: with --stdio that stream carries the protocol.
console.log = connection.console.log.bind(connection.console);
console.info = connection.console.info.bind(connection.console);
console.warn = connection.console.warn.bind(connection.console);
console.error = connection.console.error.bind(connection.console);
process.on('uncaughtException', (error) => connection.console.error(`Uncaught exception: ${error.stack ?? error}`));
process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${reason}`));

startServer(connection);
