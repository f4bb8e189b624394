/** Writes to a record through the API: registration and the add-entry mutations, with their input types. */
package org.carnet.graphql.write;
