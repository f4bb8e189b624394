/** The PostgreSQL server Carnet runs on: an embedded one under the data directory by default, or an external one by configuration. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "core" })
package org.carnet.database;
