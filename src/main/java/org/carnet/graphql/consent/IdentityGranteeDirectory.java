package org.carnet.graphql.consent;

import java.util.List;
import java.util.Optional;

import org.carnet.consent.Grantee;
import org.carnet.consent.GranteeDirectory;
import org.carnet.consent.GranteeProfile;
import org.carnet.identity.Directory;

import org.springframework.stereotype.Component;

/** The consent module's grantee port, answered by identity's directory (the one place both modules are visible). */
@Component
class IdentityGranteeDirectory implements GranteeDirectory {

	private final Directory directory;

	IdentityGranteeDirectory(Directory directory) {
		this.directory = directory;
	}

	@Override
	public Optional<GranteeProfile> user(String subject) {
		return directory.subject(subject).map(IdentityGranteeDirectory::profile);
	}

	@Override
	public Optional<GranteeProfile> organisation(String id) {
		return directory.organisation(id).map(IdentityGranteeDirectory::profile);
	}

	@Override
	public List<GranteeProfile> search(String text, int limit) {
		return directory.search(text, limit).stream().map(IdentityGranteeDirectory::profile).toList();
	}

	private static GranteeProfile profile(Directory.Entry entry) {
		Grantee grantee = entry.organisation() ? Grantee.organisation(entry.id()) : Grantee.user(entry.id());
		return new GranteeProfile(grantee, entry.displayName(), entry.organisationName(), entry.country(),
				entry.roles());
	}
}
