/** Persons, sections and entries of the health record, stored encrypted under the person's key. */
package org.carnet.record;
