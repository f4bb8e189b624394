/**
 * Public-health statistics without singling anyone out: a coarse, pseudonymous projection of the persons who opted
 * in (one row each, kept in step with their record and agreement by events), from which aggregate answers are drawn.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "core", "audit", "consent", "keyring", "record",
		"record :: content" })
package org.carnet.statistics;
