import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { DynamoDbAlertLedger } from '../../functions/alert/dynamodb-ledger.js';
import { alertLedgerContract } from '../alert/ledger-contract.js';
import { localClients } from '../support/local-aws/clients.js';
import { createAlertTable } from '../support/local-aws/tables.js';

const { dynamodb } = localClients(inject('localAws'));
const doc = DynamoDBDocumentClient.from(dynamodb);
let tables = 0;

// The same rules MemoryAlertLedger keeps, on dynalite with the conditional puts the runtime makes.
alertLedgerContract('DynamoDbAlertLedger', async () => {
  const name = `alerts-contract-${process.pid}-${tables++}`;
  await createAlertTable(dynamodb, name);
  return new DynamoDbAlertLedger(doc, name);
});
