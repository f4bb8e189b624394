/** Server-rendered pages for migrants, clinicians, mediators and auditors. */
package org.carnet.portal;
