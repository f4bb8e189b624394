/** Demo users, organisations, records and grants for the README's tour; only with the {@code demo} profile. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {
		"core", "audit", "consent", "identity", "record", "record :: content" })
package org.carnet.demo;
