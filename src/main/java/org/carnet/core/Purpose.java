package org.carnet.core;

/** Why a requester reads or writes a record. */
public enum Purpose {
	TREATMENT, EMERGENCY, CARE_COORDINATION, PUBLIC_HEALTH
}
