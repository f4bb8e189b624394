/** The access ledger through the API: a person's own access log, the auditors' search, verification and checkpoints. */
package org.carnet.graphql.audit;
