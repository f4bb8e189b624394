/**
 * The read path of the API: the person look-ups, the consent gate on classified fields, the batched loading and
 * decryption of allowed sections, the entries served, and the audit of what each request read.
 */
package org.carnet.graphql.read;
