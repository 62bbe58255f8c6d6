import { openMongoReader } from '../store/mongodb/open-mongo-reader';
import { openSqliteReader, type HistoryReader } from '../store/sqlite/open-sqlite-reader';

/**
 * The store's reads for a command that runs beside the server (`mendbot backtest`): MongoDB when a URI is
 * given, else the SQLite file in the data directory, both opened so that nothing can be written.
 */
export function openHistoryReader(options: { mongodbUri?: string; dataDir: string }): HistoryReader {
  return options.mongodbUri !== undefined ? openMongoReader({ uri: options.mongodbUri }) : openSqliteReader({ dataDir: options.dataDir });
}
