package org.carnet.consent;

/**
 * Which accesses to their record a person is told about. Emergency accesses are told whatever the choice: a person
 * cannot choose not to know that their record was opened in an emergency.
 */
public enum NotificationPreference {
	/** Every access by someone else: each clinician's or mediator's read or addition (grouped by hour). */
	EVERY_ACCESS,
	/** Accesses from another country than the record's home country, and emergency accesses (the default). */
	CROSS_BORDER_AND_EMERGENCY,
	/** Emergency accesses only: the "none" choice, since emergency accesses are always told. */
	EMERGENCY_ONLY;

	/** What a person who never chose is told. */
	public static final NotificationPreference DEFAULT = CROSS_BORDER_AND_EMERGENCY;

	/** Whether an access that was (or was not) cross-border or an emergency is told under this choice. */
	public boolean tells(boolean crossBorder, boolean emergency) {
		return switch (this) {
			case EVERY_ACCESS -> true;
			case CROSS_BORDER_AND_EMERGENCY -> crossBorder || emergency;
			case EMERGENCY_ONLY -> emergency;
		};
	}
}
