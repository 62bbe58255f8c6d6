import type { Store } from '../../src/store/store';

/**
 * What an adapter gives the contract: a fresh, empty data set per test (a temp SQLite directory, a new
 * MongoDB database) and a factory opening a store on it. Calling `open` again is a restart or a second
 * process on the same data.
 */
export interface StoreHarness {
  open(): Promise<Store>;
  /** Deletes the data set; every store opened on it is already closed. */
  cleanup(): Promise<void>;
}

/** What a contract file sees: the store under test and, for a few cases, more stores on the same data. */
export interface ContractContext {
  /** The store under test, fresh (empty) for each test. */
  readonly store: Store;
  /** Closes the store under test and opens a new one on the same data (a process restart). */
  reopen(): Promise<Store>;
  /** Another store on the same data, as a second mendbot process would open it; closed after the test. */
  openPeer(): Promise<Store>;
}
