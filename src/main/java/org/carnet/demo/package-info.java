/** Demo users, organisations, records and grants for the README's tour; only with the {@code demo} profile. */
package org.carnet.demo;
