/** What entries of each section say, with their input checks: the record's content types, used by the API. */
@org.springframework.modulith.NamedInterface("content")
package org.carnet.record.content;
