package org.carnet.keyring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import org.carnet.core.Jurisdiction;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Carnet reaches HashiCorp Vault (or OpenBao) when {@code carnet.keyring=vault}.
 *
 * @param address {@code carnet.vault.address}: e.g. {@code https://vault.example.org:8200}
 * @param token {@code carnet.vault.token}: a token with the {@code carnet} policy; or use AppRole below
 * @param appRole {@code carnet.vault.app-role.*}: AppRole login (role id and secret id), preferred in production
 * @param transitMount {@code carnet.vault.transit-mount}: where the transit engine is mounted (default
 * {@code transit})
 * @param kekNamePattern {@code carnet.vault.kek-name-pattern}: the transit key of a jurisdiction; {@code
 * {jurisdiction}} is replaced by the lower-case country code (default {@code carnet-{jurisdiction}})
 * @param caFile {@code carnet.vault.ca-file}: PEM file of the CA that signed Vault's certificate, when it is not
 * in the JVM's trust store
 * @param openTimeout {@code carnet.vault.open-timeout}: connecting to Vault (default 500 ms)
 * @param readTimeout {@code carnet.vault.read-timeout}: waiting for an answer, whole seconds (default 1 s); with the
 * open timeout this bounds how long a request waits before failing closed
 * @param renewToken {@code carnet.vault.renew-token}: renew a renewable token (renew-self) at half its lifetime
 * (default true)
 */
@ConfigurationProperties("carnet.vault")
record VaultSettings(String address, String token, AppRole appRole, @DefaultValue("transit") String transitMount,
		@DefaultValue("carnet-{jurisdiction}") String kekNamePattern, Path caFile,
		@DefaultValue("500ms") Duration openTimeout, @DefaultValue("1s") Duration readTimeout,
		@DefaultValue("true") boolean renewToken) {

	/**
	 * @param roleId {@code carnet.vault.app-role.role-id}
	 * @param secretId {@code carnet.vault.app-role.secret-id}
	 * @param mount {@code carnet.vault.app-role.mount}: where the AppRole auth method is mounted (default
	 * {@code approle})
	 */
	record AppRole(String roleId, String secretId, @DefaultValue("approle") String mount) {

		boolean configured() {
			return roleId != null && !roleId.isBlank();
		}

		@Override
		public String toString() {
			return "AppRole[roleId=" + roleId + ", secretId=<hidden>, mount=" + mount + "]";
		}
	}

	/** A settings value with the given address and token and every other setting at its default; for tests. */
	static VaultSettings of(String address, String token) {
		return new VaultSettings(address, token, null, "transit", "carnet-{jurisdiction}", null,
				Duration.ofMillis(500), Duration.ofSeconds(1), true);
	}

	VaultSettings withKekNamePattern(String pattern) {
		return new VaultSettings(address, token, appRole, transitMount, pattern, caFile, openTimeout, readTimeout,
				renewToken);
	}

	VaultSettings withAppRole(AppRole role) {
		return new VaultSettings(address, null, role, transitMount, kekNamePattern, caFile, openTimeout, readTimeout,
				renewToken);
	}

	VaultSettings withReadTimeout(Duration timeout) {
		return new VaultSettings(address, token, appRole, transitMount, kekNamePattern, caFile, openTimeout, timeout,
				renewToken);
	}

	VaultSettings withCaFile(Path file) {
		return new VaultSettings(address, token, appRole, transitMount, kekNamePattern, file, openTimeout, readTimeout,
				renewToken);
	}

	/** The transit key that wraps the data keys of persons living in {@code jurisdiction}. */
	String kekName(Jurisdiction jurisdiction) {
		return kekNamePattern.replace("{jurisdiction}", jurisdiction.code().toLowerCase(Locale.ROOT));
	}

	/** Fails with a message an operator can act on when the settings cannot work. */
	void check() {
		if (address == null || address.isBlank()) {
			throw new IllegalStateException("carnet.keyring=vault needs carnet.vault.address (e.g. https://vault:8200)");
		}
		boolean hasToken = token != null && !token.isBlank();
		boolean hasAppRole = appRole != null && appRole.configured();
		if (!hasToken && !hasAppRole) {
			throw new IllegalStateException("carnet.keyring=vault needs carnet.vault.token or "
					+ "carnet.vault.app-role.role-id and carnet.vault.app-role.secret-id");
		}
		if (hasAppRole && (appRole.secretId() == null || appRole.secretId().isBlank())) {
			throw new IllegalStateException("carnet.vault.app-role.role-id is set but carnet.vault.app-role.secret-id "
					+ "is missing");
		}
		if (!kekNamePattern.contains("{jurisdiction}")) {
			throw new IllegalStateException("carnet.vault.kek-name-pattern must contain {jurisdiction}: one KEK per "
					+ "jurisdiction keeps data keys resident in their country's key");
		}
		if (openTimeout.isNegative() || openTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
			throw new IllegalStateException("carnet.vault.open-timeout and read-timeout must be positive: without "
					+ "them a hung Vault would hang every request");
		}
		if (caFile != null && !java.nio.file.Files.isReadable(caFile)) {
			throw new IllegalStateException("carnet.vault.ca-file " + caFile + " cannot be read");
		}
	}

	/** The read timeout in the whole seconds the Vault driver takes, rounded up. */
	int readTimeoutSeconds() {
		long millis = readTimeout.toMillis();
		return (int) Math.max(1, (millis + 999) / 1000);
	}

	@Override
	public String toString() {
		return "VaultSettings[address=" + address + ", token=" + (token == null ? "none" : "<hidden>") + ", appRole="
				+ appRole + ", transitMount=" + transitMount + ", kekNamePattern=" + kekNamePattern + ", caFile="
				+ caFile + ", openTimeout=" + openTimeout + ", readTimeout=" + readTimeout + "]";
	}
}
