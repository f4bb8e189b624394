package org.carnet.consent;

import java.util.List;
import java.util.Optional;

/**
 * The consent module's port to whoever knows the users, clinic systems and organisations (identity): asked before a
 * grant is stored, so that a grant names someone who exists and can use it, and to show a grantee by name.
 * Implemented outside this module.
 */
public interface GranteeDirectory {

	/** The enabled user or clinic system whose token carries this subject (any case), or empty. */
	Optional<GranteeProfile> user(String subject);

	/** The organisation with this id, with the roles its enabled members hold, or empty. */
	Optional<GranteeProfile> organisation(String id);

	/**
	 * Clinicians, health mediators and organisations with such members whose display name or organisation name
	 * contains {@code text} (any case), whose user name or organisation id is {@code text}, or that act from the
	 * country whose code is {@code text}; at most {@code limit}, neither kind crowding out the other.
	 */
	List<GranteeProfile> search(String text, int limit);
}
