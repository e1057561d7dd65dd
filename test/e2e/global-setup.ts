import type { TestProject } from 'vitest/node';
import { startLocalAws, type LocalAwsEndpoints } from '../support/local-aws/servers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    localAws: LocalAwsEndpoints;
  }
}

/** Starts the local AWS stand-ins once for the e2e project; tests read the endpoints with `inject('localAws')`. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const aws = await startLocalAws();
  project.provide('localAws', aws.endpoints);
  return () => aws.stop();
}
