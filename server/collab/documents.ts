import { Room, type RoomOptions } from "./room";

/** The loaded notebooks of this process. */
export interface Documents {
  /** The loaded room of a notebook, loading it once however many ask at the same time; hold it until attached. */
  acquire(notebookId: string): Promise<Room>;
  /** Gives back a hold (the upgrade attached its connection, or gave up). */
  release(room: Room): void;
  /** Called when a room may have become idle: writes it out, then unloads it if still idle. */
  maybeUnload(room: Room): void;
  get(notebookId: string): Room | undefined;
  rooms(): IterableIterator<Room>;
  /** Writes out and unloads every room (shutdown); waits at most `timeoutMs` for the database. */
  closeAll(timeoutMs: number): Promise<void>;
}

/** The registry of loaded rooms: load before sync, unload after writes finish. */
export function createDocuments(options: RoomOptions): Documents {
  const rooms = new Map<string, Room>();

  function unload(room: Room): void {
    if (rooms.get(room.id) === room) rooms.delete(room.id);
    room.destroy();
  }

  function maybeUnload(room: Room): void {
    if (!room.idle || room.unloading || room.destroyed) return;
    room.unloading = (async () => {
      await room.settle();
      // A client may have come back while writing: it gets this same room.
      if (room.idle && !room.writing) unload(room);
    })()
      .catch((error: unknown) => options.log.error({ err: error, notebookId: room.id }, "unloading a notebook failed"))
      .finally(() => {
        room.unloading = undefined;
        if (!room.destroyed && room.idle) maybeUnload(room);
      });
  }

  return {
    async acquire(notebookId) {
      let room = rooms.get(notebookId);
      if (!room) {
        room = new Room(notebookId, options);
        rooms.set(notebookId, room);
        void room.load().catch(() => undefined);
      }
      room.holds++;
      try {
        await room.loaded;
      } catch (error) {
        room.holds--;
        // Failed loads leave nothing behind: the next connection tries again.
        if (rooms.get(notebookId) === room) rooms.delete(notebookId);
        if (room.holds === 0) room.destroy();
        throw error;
      }
      return room;
    },
    release(room) {
      room.holds--;
      maybeUnload(room);
    },
    maybeUnload,
    get: (notebookId) => rooms.get(notebookId),
    rooms: () => rooms.values(),
    async closeAll(timeoutMs) {
      const all = [...rooms.values()];
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)));
      const settled = await Promise.race([Promise.all(all.map((room) => room.settle())), timeout]);
      clearTimeout(timer);
      if (settled === "timeout") options.log.error({ notebooks: all.filter((r) => r.writing).map((r) => r.id) }, "shutdown: notebook updates could not be written in time");
      for (const room of all) unload(room);
    },
  };
}
