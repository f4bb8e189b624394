/**
 * The FHIR R4 facade: the International Patient Summary of a record ({@code GET /fhir/Patient/{id}/$summary}), read
 * through the GraphQL read path in-process, so that it passes the same consent decision and leaves the same audit
 * event as any GraphQL read; HAPI's model and parser, behind Spring MVC.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "core", "graphql" })
package org.carnet.fhir;
