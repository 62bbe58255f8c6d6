import net from 'node:net';
import { BSON } from 'mongodb';
import type { Doc } from './match-document';
import { handleCommand } from './handle-command';
import { MemoryDatabase } from './memory-database';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;

export interface MongoWireServer {
  port: number;
  uri: string;
  /** The data, shared with a server restarted on the same port (pass it back in). */
  data: MemoryDatabase;
  /** Every command received, for assertions (e.g. that indexes were created). */
  commands: Doc[];
  /**
   * Called before each command runs, and awaited: a test interleaves another client's writes at an exact point of
   * this one's (e.g. between a sweep's read and its delete). The connection's later messages wait for it; other
   * connections are served meanwhile.
   */
  beforeCommand?: (cmd: Doc) => Promise<void> | void;
  stop(): Promise<void>;
}

/**
 * A MongoDB-wire-compatible server in the test process, on 127.0.0.1 only. It speaks OP_MSG (kind 0 body,
 * kind 1 document sequences) and OP_QUERY (the driver's first handshake), with in-memory data. It exists
 * because no real MongoDB can run in CI here; see handle-command.ts for what it deliberately lacks.
 */
export async function startMongoWireServer(options: { port?: number; data?: MemoryDatabase } = {}): Promise<MongoWireServer> {
  const data = options.data ?? new MemoryDatabase();
  const commands: Doc[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered = Buffer.alloc(0);
    // Messages of one connection are answered in order, each after the one before (see beforeCommand).
    let answered = Promise.resolve();
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 4) {
        const length = buffered.readInt32LE(0);
        if (buffered.length < length) break;
        const message = buffered.subarray(0, length);
        buffered = buffered.subarray(length);
        answered = answered
          .then(async () => {
            const reply = await respond(message);
            if (reply && !socket.destroyed) socket.write(reply);
          })
          // A message this server cannot read (an unsupported opcode) ends the connection, as a real server would.
          .catch(() => {
            socket.destroy();
          });
      }
    });
  });

  async function respond(message: Buffer): Promise<Buffer | null> {
    const requestId = message.readInt32LE(4);
    const opCode = message.readInt32LE(12);
    if (opCode === OP_QUERY) {
      // flags(4) fullCollectionName(cstring) skip(4) return(4) query(doc)
      let offset = 20;
      const nsEnd = message.indexOf(0, offset);
      const ns = message.toString('utf8', offset, nsEnd);
      offset = nsEnd + 1 + 8;
      const query = BSON.deserialize(message.subarray(offset)) as Doc;
      const cmd = (query.$query as Doc | undefined) ?? query;
      return opReply(requestId, await execute({ ...cmd, $db: ns.split('.')[0] }));
    }
    if (opCode !== OP_MSG) throw new Error(`mongo-wire: unsupported opcode ${opCode}`);
    const flags = message.readUInt32LE(16);
    const end = flags & 1 ? message.length - 4 : message.length; // checksumPresent
    let offset = 20;
    let body: Doc = {};
    while (offset < end) {
      const kind = message[offset]!;
      offset += 1;
      const size = message.readInt32LE(offset);
      if (kind === 0) {
        body = BSON.deserialize(message.subarray(offset, offset + size)) as Doc;
        offset += size;
        continue;
      }
      // kind 1: size, identifier (cstring), then documents until the section's end.
      const sectionEnd = offset + size;
      const idEnd = message.indexOf(0, offset + 4);
      const identifier = message.toString('utf8', offset + 4, idEnd);
      const docs: Doc[] = [];
      for (let p = idEnd + 1; p < sectionEnd; p += message.readInt32LE(p)) docs.push(BSON.deserialize(message.subarray(p, p + message.readInt32LE(p))) as Doc);
      body[identifier] = docs;
      offset = sectionEnd;
    }
    const reply = await execute(body);
    if (flags & 2) return null; // moreToCome: an unacknowledged write, no reply expected
    return opMsg(requestId, reply);
  }

  async function execute(cmd: Doc): Promise<Doc> {
    commands.push(cmd);
    try {
      await wire.beforeCommand?.(cmd);
      return handleCommand(data, cmd);
    } catch (error) {
      return { ok: 0, code: 8, codeName: 'UnknownError', errmsg: error instanceof Error ? error.message : String(error) };
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  const wire: MongoWireServer = {
    port,
    uri: `mongodb://127.0.0.1:${port}/?directConnection=true`,
    data,
    commands,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return wire;
}

let nextRequestId = 1;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(nextRequestId++, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

function opMsg(responseTo: number, doc: Doc): Buffer {
  const body = BSON.serialize(doc);
  const flagsAndKind = Buffer.from([0, 0, 0, 0, 0]);
  return Buffer.concat([header(16 + 5 + body.length, responseTo, OP_MSG), flagsAndKind, body]);
}

function opReply(responseTo: number, doc: Doc): Buffer {
  const body = BSON.serialize(doc);
  const fields = Buffer.alloc(20); // responseFlags(4) cursorID(8) startingFrom(4) numberReturned(4)
  fields.writeInt32LE(1, 16);
  return Buffer.concat([header(16 + 20 + body.length, responseTo, OP_REPLY), fields, body]);
}
