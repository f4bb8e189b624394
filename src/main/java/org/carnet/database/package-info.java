/** The PostgreSQL server Carnet runs on: an embedded one under the data directory by default, or an external one by configuration. */
package org.carnet.database;
