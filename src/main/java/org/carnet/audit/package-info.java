/** The append-only, hash-chained access ledger. */
package org.carnet.audit;
