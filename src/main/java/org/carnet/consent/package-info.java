/** Grants, consent requests, share codes, break-glass and the consent decision. */
package org.carnet.consent;
