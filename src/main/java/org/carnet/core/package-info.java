/** Ids and value types shared by every module: persons, jurisdictions, purposes, consent categories, requesters and typed failures. */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.carnet.core;
