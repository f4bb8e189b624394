package org.carnet.identity;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.carnet.core.BadInput;

/** What a user name and a chosen password must look like. */
final class Credentials {

	static final int MIN_PASSWORD_LENGTH = 10;

	/** bcrypt reads at most 72 bytes: a longer password would be silently cut. */
	static final int MAX_PASSWORD_BYTES = 72;

	private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]");

	/**
	 * Subjects no user may take: Carnet's own ({@code carnet}, the audit trail's system subject, and anything
	 * starting with {@code carnet-}, {@code carnet.} or {@code carnet_}, among them the first-party clients
	 * {@code carnet-cli} and {@code carnet-portal}), the client ids of clinic systems ({@code clinic-...}) and
	 * names that read as the system or nobody. The database's {@code subjects} registry keeps every subject unique
	 * across users and clients.
	 */
	static final Pattern RESERVED = Pattern.compile(
			"carnet|carnet[-._].*|clinic-.*|system|root|anonymous|anonymoususer|unknown|nobody");

	private Credentials() {
	}

	/** A new user's name in the form it is stored, or bad input naming {@code username} (also when reserved). */
	static String username(String username) {
		String normalised = UserStore.normalise(username);
		if (normalised == null || !USERNAME.matcher(normalised).matches()) {
			throw new BadInput("username",
					"use 3 to 64 letters, digits, dots, dashes or underscores, starting and ending with a letter or digit");
		}
		if (RESERVED.matcher(normalised).matches()) {
			throw new BadInput("username", "is reserved; choose another");
		}
		return normalised;
	}

	/** A password a person chooses (claim, administrators): long enough, and not the user name. */
	static void checkChosenPassword(String password, String username) {
		if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD_LENGTH) {
			throw new BadInput("password", "must have at least " + MIN_PASSWORD_LENGTH + " characters");
		}
		checkStorable(password);
		if (password.strip().equalsIgnoreCase(username)) {
			throw new BadInput("password", "must not be the user name");
		}
	}

	/** Any password that is stored: present and within what the hash reads. */
	static void checkStorable(String password) {
		if (password == null || password.isEmpty()) {
			throw new BadInput("password", "is required");
		}
		if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
			throw new BadInput("password", "must be at most " + MAX_PASSWORD_BYTES + " bytes long");
		}
	}

	static String displayName(String displayName) {
		if (displayName == null || displayName.isBlank() || displayName.length() > 200) {
			throw new BadInput("displayName", "is required (at most 200 characters)");
		}
		return displayName.strip();
	}
}
