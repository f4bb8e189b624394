/** Grants, consent requests, share codes, break-glass and the consent decision. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "core", "audit", "record" })
package org.carnet.consent;
