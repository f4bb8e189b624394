/**
 * Server-rendered pages for migrants, clinicians, mediators and auditors, in their language; every read and action
 * is a GraphQL document run in-process as the signed-in user, through the same consent gate and audit as the API.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = { "core", "fhir", "identity", "web" })
package org.carnet.portal;
