package org.carnet.identity;

import org.carnet.core.Jurisdiction;

/** A clinic, hospital, reception centre or authority; its staff act from its country. */
public record Organisation(String id, String name, Jurisdiction jurisdiction) {
}
