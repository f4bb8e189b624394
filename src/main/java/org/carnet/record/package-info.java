/** Persons, sections and entries of the health record, stored encrypted under the person's key. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "core", "audit", "keyring" })
package org.carnet.record;
