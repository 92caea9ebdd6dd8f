/**
 * The connection inside a real VS Code: the connection commands are registered, and "Copy Environment for
 * the Terminal" serves the embedded organization on a local port and copies the variables that the AWS CLI
 * and SDKs need to reach it; the endpoint they name answers with the organization the tree shows.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';

const extensionId = 'aws-organizations-vscode.aws-organizations-vscode';

suite('AWS Organizations connection', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension(extensionId)!.activate();
  });

  test('the connection commands are registered', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['selectConnection', 'signInAgain', 'serveEmbedded', 'copyEnvironment']) {
      assert.ok(commands.includes(`awsOrganizations.${command}`), `awsOrganizations.${command} is registered`);
    }
  });

  test('Copy Environment for the Terminal copies a working endpoint and keys', async () => {
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('awsOrganizations.copyEnvironment');
    const text = await vscode.env.clipboard.readText();
    const variables = Object.fromEntries([...text.matchAll(/^(?:export |set |\$env:)(\w+)="?([^"\n]*)"?$/gm)].map((match) => [match[1], match[2]]));
    assert.match(variables.AWS_ENDPOINT_URL_ORGANIZATIONS, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(variables.AWS_REGION, 'us-east-1');
    // What the AWS CLI does with these variables.
    const client = new OrganizationsClient({
      region: variables.AWS_REGION, endpoint: variables.AWS_ENDPOINT_URL_ORGANIZATIONS,
      credentials: { accessKeyId: variables.AWS_ACCESS_KEY_ID, secretAccessKey: variables.AWS_SECRET_ACCESS_KEY },
    });
    try {
      const { Organization } = await client.send(new DescribeOrganizationCommand({}));
      assert.equal(Organization?.MasterAccountId, variables.AWS_ACCESS_KEY_ID);
    } finally {
      client.destroy();
    }
  });
});
