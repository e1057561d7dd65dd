import { MemoryStateStore } from '../../../functions/detect/state/memory-store.js';
import { stateStoreContract } from './store-contract.js';

stateStoreContract('MemoryStateStore', async () => ({ store: new MemoryStateStore(), ns: '' }));
