import type { Db } from "./client";

/** A transaction handle; inside a transaction every query must use it (PGlite has one connection). */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either the database or an open transaction. */
export type DbOrTx = Db | Tx;
