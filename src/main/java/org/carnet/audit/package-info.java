/**
 * The append-only, hash-chained access ledger: every access recorded before data leaves, verifiable by anyone with
 * the events, and signed in checkpoints an outside witness can keep.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "core" })
package org.carnet.audit;
