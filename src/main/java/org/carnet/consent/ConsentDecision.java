package org.carnet.consent;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The answer to "may this requester do this with this category of this person's record, for this purpose, now?".
 *
 * @param allowed whether the access is allowed
 * @param basis why it is allowed (empty when denied)
 * @param grants the grants used (for an allow on grants; for the audit trail)
 * @param emergencyAccess the emergency access used (for an allow by break-glass)
 * @param representation the guardianship or proxy used (for an allow to someone acting for the person)
 * @param reason why it is denied (empty when allowed)
 * @param level how much of the category an allow opens: {@link Level#FULL} when any grant used gives it in full, for
 * the person themself and by break-glass; {@link Level#COARSE} when every grant used gives it coarse only
 */
public record ConsentDecision(boolean allowed, Optional<Basis> basis, List<GrantId> grants,
		Optional<EmergencyAccessId> emergencyAccess, Optional<DenyReason> reason, Optional<UUID> representation,
		Level level) {

	/** How much of a category an allow opens. */
	public enum Level {
		/** Every field. */
		FULL,
		/**
		 * A coarse view computed by the server: identity as year of birth, sex and nationality only; vital signs and
		 * laboratory results as the latest value of each kind or test only.
		 */
		COARSE
	}

	/** A decision that opens a category in full (or denies it). */
	public ConsentDecision(boolean allowed, Optional<Basis> basis, List<GrantId> grants,
			Optional<EmergencyAccessId> emergencyAccess, Optional<DenyReason> reason) {
		this(allowed, basis, grants, emergencyAccess, reason, Optional.empty(), Level.FULL);
	}

	/** A decision that opens a category at {@code level}. */
	public ConsentDecision(boolean allowed, Optional<Basis> basis, List<GrantId> grants,
			Optional<EmergencyAccessId> emergencyAccess, Optional<DenyReason> reason, Level level) {
		this(allowed, basis, grants, emergencyAccess, reason, Optional.empty(), level);
	}

	/** What an allow rests on. */
	public enum Basis {
		/** The requester is the person: they always read and write their own record. */
		SELF,
		/** One or more active grants. */
		GRANT,
		/** An open emergency access (break-glass) of this requester. */
		BREAK_GLASS,
		/** The requester acts for the person as their guardian or proxy. */
		REPRESENTATION
	}

	private static final ConsentDecision SELF = new ConsentDecision(true, Optional.of(Basis.SELF), List.of(),
			Optional.empty(), Optional.empty());

	public ConsentDecision {
		grants = List.copyOf(grants);
		representation = representation == null ? Optional.empty() : representation;
		level = level == null ? Level.FULL : level;
	}

	static ConsentDecision byRepresentation(UUID representation) {
		return new ConsentDecision(true, Optional.of(Basis.REPRESENTATION), List.of(), Optional.empty(),
				Optional.empty(), Optional.of(representation), Level.FULL);
	}

	static ConsentDecision self() {
		return SELF;
	}

	static ConsentDecision byGrants(List<GrantId> grants) {
		return byGrants(grants, Level.FULL);
	}

	static ConsentDecision byGrants(List<GrantId> grants, Level level) {
		return new ConsentDecision(true, Optional.of(Basis.GRANT), grants, Optional.empty(), Optional.empty(), level);
	}

	/** True when the allow opens only the coarse view of its category. */
	public boolean coarse() {
		return allowed && level == Level.COARSE;
	}

	static ConsentDecision byBreakGlass(EmergencyAccessId access) {
		return new ConsentDecision(true, Optional.of(Basis.BREAK_GLASS), List.of(), Optional.of(access),
				Optional.empty());
	}

	static ConsentDecision deny(DenyReason reason) {
		return new ConsentDecision(false, Optional.empty(), List.of(), Optional.empty(), Optional.of(reason));
	}

	public boolean denied() {
		return !allowed;
	}
}
