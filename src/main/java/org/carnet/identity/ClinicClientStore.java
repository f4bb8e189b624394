package org.carnet.identity;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Confidential clients of clinic systems: they obtain tokens with client credentials and act for one organisation,
 * whose id and country go into their tokens.
 */
@Repository
class ClinicClientStore {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final String ID_ALPHABET = "23456789abcdefghjkmnpqrstvwxyz";

	private final JdbcClient jdbc;

	private final RegisteredClientRepository clients;

	private final PasswordEncoder passwords;

	private final IdentitySettings settings;

	ClinicClientStore(JdbcClient jdbc, RegisteredClientRepository clients, PasswordEncoder passwords,
			IdentitySettings settings) {
		this.jdbc = jdbc;
		this.clients = clients;
		this.passwords = passwords;
		this.settings = settings;
	}

	@Transactional
	ClinicClient register(Organisation organisation, String name, String createdBy) {
		String clientId = freeClientId(organisation);
		String secret = newSecret();
		RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(clientId)
			.clientIdIssuedAt(Instant.now())
			.clientSecret(passwords.encode(secret))
			.clientName(name.strip())
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
			.tokenSettings(settings.tokenSettings())
			.build();
		clients.save(client);
		jdbc.sql("""
				insert into clinic_clients (client_id, organisation_id, created_by, created_at)
				values (:clientId, :organisation, :createdBy, :now)""")
			.param("clientId", clientId)
			.param("organisation", organisation.id())
			.param("createdBy", createdBy)
			.param("now", Timestamp.from(Instant.now()))
			.update();
		return new ClinicClient(clientId, secret, organisation);
	}

	/**
	 * A client id no user, client or reserved name holds yet (the {@code subjects} registry; its trigger refuses a
	 * taken one even under a race, rolling the registration back).
	 */
	private String freeClientId(Organisation organisation) {
		for (int attempt = 0; attempt < 5; attempt++) {
			String candidate = "clinic-" + organisation.id() + "-" + randomSuffix();
			boolean taken = jdbc.sql("select count(*) from subjects where subject = :subject")
				.param("subject", candidate)
				.query(Long.class)
				.single() > 0;
			if (!taken) {
				return candidate;
			}
		}
		throw new IllegalStateException("No free client id for organisation " + organisation.id());
	}

	/** The organisation a clinic client acts for; empty for any other client. */
	Optional<String> organisationOf(String clientId) {
		return jdbc.sql("select organisation_id from clinic_clients where client_id = :clientId")
			.param("clientId", clientId)
			.query(String.class)
			.optional();
	}

	Optional<String> name(String clientId) {
		return organisationOf(clientId).map(organisation -> clients.findByClientId(clientId))
			.map(RegisteredClient::getClientName);
	}

	/** 256 random bits, URL-safe: shown once to the administrator, stored only as a hash. */
	static String newSecret() {
		byte[] random = new byte[32];
		RANDOM.nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	private static String randomSuffix() {
		StringBuilder suffix = new StringBuilder(6);
		for (int i = 0; i < 6; i++) {
			suffix.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
		}
		return suffix.toString();
	}
}
