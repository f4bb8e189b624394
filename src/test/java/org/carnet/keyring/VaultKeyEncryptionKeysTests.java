package org.carnet.keyring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.carnet.core.Jurisdiction;
import org.carnet.core.PersonId;
import org.carnet.testing.ExpectedErrorLogs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Vault client beyond the keyring contract: authentication (token, AppRole, renewal), TLS with a private CA,
 * one KEK per jurisdiction, and the errors an operator can act on.
 */
class VaultKeyEncryptionKeysTests {

	static final Jurisdiction GREECE = Jurisdiction.of("GR");

	static final Jurisdiction FRANCE = Jurisdiction.of("FR");

	static VaultTransitStandIn vault;

	@BeforeAll
	static void startVault() {
		vault = VaultTransitStandIn.start();
		TransitAdmin admin = new TransitAdmin(vault.address(), VaultTransitStandIn.ROOT_TOKEN);
		admin.createKek("transit", "carnet-gr");
		admin.createKek("transit", "carnet-fr");
	}

	@AfterAll
	static void stopVault() {
		vault.close();
	}

	@Test
	void aRenewableTokenIsRenewedBeforeItExpires() throws InterruptedException {
		String token = vault.issueToken(Duration.ofSeconds(2), true);
		try (VaultKeyEncryptionKeys keyring = VaultKeyEncryptionKeys.open(VaultSettings.of(vault.address(), token))) {
			int renewalsBefore = vault.requests("renew-self");

			Thread.sleep(3_200);

			assertThat(vault.requests("renew-self") - renewalsBefore).isGreaterThanOrEqualTo(2);
			assertRoundTrip(keyring);
		}
	}

	@Test
	@ExpectedErrorLogs("the Vault token expires")
	void aTokenThatIsNotRenewableIsLeftAloneAndRefusedOnceExpired() throws InterruptedException {
		String token = vault.issueToken(Duration.ofSeconds(2), false);
		try (VaultKeyEncryptionKeys keyring = VaultKeyEncryptionKeys.open(VaultSettings.of(vault.address(), token))) {
			int renewalsBefore = vault.requests("renew-self");
			Thread.sleep(2_200);

			assertThat(vault.requests("renew-self")).isEqualTo(renewalsBefore);
			assertThatThrownBy(() -> keyring.newWrappedKey(PersonId.random(), GREECE))
				.isInstanceOf(KeyringUnavailable.class)
				.hasMessageContaining("permission denied");
		}
	}

	@Test
	@ExpectedErrorLogs("Vault refuses the token")
	void appRoleLogsInAndLogsInAgainWhenItsTokenIsRefused() {
		vault.appRole("carnet-role-id", "carnet-secret-id", Duration.ofMinutes(10));
		VaultSettings settings = VaultSettings.of(vault.address(), null)
			.withAppRole(new VaultSettings.AppRole("carnet-role-id", "carnet-secret-id", "approle"));
		int loginsBefore = vault.requests("login");
		try (VaultKeyEncryptionKeys keyring = VaultKeyEncryptionKeys.open(settings)) {
			assertRoundTrip(keyring);

			vault.revokeTokens();

			assertRoundTrip(keyring);
			assertThat(vault.requests("login") - loginsBefore).isEqualTo(2);
		}
	}

	@Test
	void aWrongAppRoleSecretFailsClosedWithAMessageNamingTheSetting() {
		vault.appRole("carnet-role-id-2", "the-right-secret", Duration.ofMinutes(10));
		VaultSettings settings = VaultSettings.of(vault.address(), null)
			.withAppRole(new VaultSettings.AppRole("carnet-role-id-2", "a-wrong-secret", "approle"));
		try (VaultKeyEncryptionKeys keyring = VaultKeyEncryptionKeys.open(settings)) {
			assertThatThrownBy(() -> keyring.newWrappedKey(PersonId.random(), GREECE))
				.isInstanceOf(KeyringUnavailable.class)
				.hasMessageContaining("AppRole login")
				.hasMessageNotContaining("a-wrong-secret");
		}
	}

	@Test
	@ExpectedErrorLogs("Vault is given an unknown token")
	void anUnknownTokenFailsClosed() {
		try (VaultKeyEncryptionKeys keyring = VaultKeyEncryptionKeys
			.open(VaultSettings.of(vault.address(), "hvs.not-a-token"))) {
			assertThatThrownBy(() -> keyring.unwrapAll(List.of(new WrappedKey(PersonId.random(), GREECE,
					"vault:v1:AAAA"), new WrappedKey(PersonId.random(), GREECE, "vault:v1:BBBB"))))
				.isInstanceOf(KeyringUnavailable.class)
				.hasMessageContaining("permission denied");
		}
	}

	@Test
	void eachJurisdictionHasItsOwnKek() {
		try (VaultKeyEncryptionKeys keyring = rootKeyring()) {
			PersonId person = PersonId.random();
			String wrappedInGreece = keyring.newWrappedKey(person, GREECE);

			assertThatThrownBy(() -> keyring.unwrap(new WrappedKey(person, FRANCE, wrappedInGreece)))
				.isInstanceOf(Undecryptable.class);
			assertThat(keyring.unwrap(new WrappedKey(person, GREECE, wrappedInGreece))).hasSize(32);
		}
	}

	@Test
	void aMissingKekOrTransitMountIsAnOperatorErrorNotAnIntegrityFailure() {
		try (VaultKeyEncryptionKeys keyring = rootKeyring();
				VaultKeyEncryptionKeys wrongMount = VaultKeyEncryptionKeys.open(new VaultSettings(vault.address(),
						VaultTransitStandIn.ROOT_TOKEN, null, "no-such-mount", "carnet-{jurisdiction}", null,
						Duration.ofMillis(500), Duration.ofSeconds(1), true))) {
			assertThatThrownBy(() -> keyring.newWrappedKey(PersonId.random(), Jurisdiction.of("IT")))
				.isInstanceOf(KeyringUnavailable.class)
				.hasMessageContaining("carnet-it")
				.hasMessageContaining("ops/vault/setup.sh");
			assertThatThrownBy(() -> keyring.versions(Jurisdiction.of("IT"))).isInstanceOf(KeyringUnavailable.class)
				.hasMessageContaining("does not exist");
			assertThatThrownBy(() -> wrongMount.newWrappedKey(PersonId.random(), GREECE))
				.isInstanceOf(KeyringUnavailable.class)
				.hasMessageContaining("no-such-mount");
		}
	}

	@Test
	void vaultBehindTlsIsTrustedThroughTheConfiguredCaFileOnly(@TempDir Path directory) throws Exception {
		Path keyStore = directory.resolve("vault.p12");
		Path caFile = directory.resolve("vault-ca.pem");
		keytool("-genkeypair", "-alias", "vault", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=vault.test", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore",
				keyStore.toString(), "-storepass", "test-only", "-keypass", "test-only");
		keytool("-exportcert", "-rfc", "-alias", "vault", "-keystore", keyStore.toString(), "-storepass", "test-only",
				"-file", caFile.toString());
		try (VaultTransitStandIn tlsVault = VaultTransitStandIn.startTls(serverContext(keyStore))) {
			new TransitAdmin(tlsVault.address(), VaultTransitStandIn.ROOT_TOKEN, clientTrusting(keyStore))
				.createKek("transit", "carnet-gr");
			VaultSettings settings = VaultSettings.of(tlsVault.address(), VaultTransitStandIn.ROOT_TOKEN);

			try (VaultKeyEncryptionKeys trusting = VaultKeyEncryptionKeys.open(settings.withCaFile(caFile));
					VaultKeyEncryptionKeys untrusting = VaultKeyEncryptionKeys.open(settings)) {
				assertThat(tlsVault.address()).startsWith("https://");
				assertRoundTrip(trusting);
				assertThatThrownBy(() -> untrusting.newWrappedKey(PersonId.random(), GREECE))
					.isInstanceOf(KeyringUnavailable.class)
					.hasMessageContaining("TLS");
			}
		}
	}

	@Test
	void settingsThatCannotWorkAreRefusedAtStartWithTheirName() {
		assertThatThrownBy(() -> VaultSettings.of(null, "token").check()).hasMessageContaining("carnet.vault.address");
		assertThatThrownBy(() -> VaultSettings.of("http://vault:8200", null).check())
			.hasMessageContaining("carnet.vault.token");
		assertThatThrownBy(() -> VaultSettings.of("http://vault:8200", "token").withKekNamePattern("carnet").check())
			.hasMessageContaining("{jurisdiction}");
		assertThat(VaultSettings.of("http://vault:8200", "secret-token").toString()).doesNotContain("secret-token");
		assertThat(VaultSettings.of("http://vault:8200", "token").kekName(GREECE)).isEqualTo("carnet-gr");
	}

	private static VaultKeyEncryptionKeys rootKeyring() {
		return VaultKeyEncryptionKeys.open(VaultSettings.of(vault.address(), VaultTransitStandIn.ROOT_TOKEN));
	}

	private static void assertRoundTrip(VaultKeyEncryptionKeys keyring) {
		PersonId person = PersonId.random();
		WrappedKey key = new WrappedKey(person, GREECE, keyring.newWrappedKey(person, GREECE));
		assertThat(keyring.unwrap(key)).hasSize(32);
	}

	private static void keytool(String... arguments) throws IOException, InterruptedException {
		List<String> command = new java.util.ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (process.waitFor() != 0) {
			throw new IllegalStateException("keytool failed: " + output);
		}
	}

	private static SSLContext serverContext(Path keyStoreFile) throws Exception {
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keyStoreFile)) {
			keyStore.load(in, "test-only".toCharArray());
		}
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(keyStore, "test-only".toCharArray());
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keys.getKeyManagers(), null, null);
		return context;
	}

	private static SSLContext clientTrusting(Path keyStoreFile) throws Exception {
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keyStoreFile)) {
			keyStore.load(in, "test-only".toCharArray());
		}
		javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory
			.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		trusted.setCertificateEntry("vault", keyStore.getCertificate("vault"));
		trust.init(trusted);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trust.getTrustManagers(), null);
		return context;
	}
}
