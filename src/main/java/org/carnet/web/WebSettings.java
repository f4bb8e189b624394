package org.carnet.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the HTTP edge ({@code carnet.web.*}).
 *
 * @param maxBody the largest request body each kind of endpoint accepts; a larger one is refused with 413 before
 * authentication or parsing
 */
@ConfigurationProperties("carnet.web")
record WebSettings(@DefaultValue MaxBody maxBody) {

	/** Nothing legitimate comes near this; a limit above it is a typo. */
	static final DataSize CEILING = DataSize.ofMegabytes(10);

	/**
	 * Body limits per kind of endpoint.
	 *
	 * @param api {@code /graphql}: the largest legitimate mutation (an encounter with 20 referrals, every text at its
	 * maximum) is about 50,000 characters, 100-150 KB of UTF-8 JSON in a non-Latin script
	 * @param signIn {@code POST /login} and {@code POST /accounts/claim}: a user name, a password, a code
	 * @param oauth the authorization server ({@code /oauth2/*}, {@code /connect/*}, {@code /userinfo}): token,
	 * revocation and introspection requests
	 * @param portal the portal's forms ({@code /portal/**}): the largest (a medication with every text full,
	 * percent-encoded in a non-Latin script) stays under 32 KB
	 * @param other every other path
	 * @param fhirImport {@code POST /fhir/Patient/{id}/$import}: a FHIR document of a whole record; a 40-entry
	 * International Patient Summary is about 55 KB of JSON
	 */
	record MaxBody(@DefaultValue("256KB") DataSize api, @DefaultValue("4KB") DataSize signIn,
			@DefaultValue("8KB") DataSize oauth, @DefaultValue("64KB") DataSize portal,
			@DefaultValue("8KB") DataSize other, @DefaultValue("512KB") DataSize fhirImport) {

		MaxBody {
			check("api", api);
			check("sign-in", signIn);
			check("oauth", oauth);
			check("portal", portal);
			check("other", other);
			check("fhir-import", fhirImport);
		}

		private static void check(String name, DataSize size) {
			if (size == null || size.toBytes() < 1024 || size.compareTo(CEILING) > 0) {
				throw new IllegalArgumentException(
						"carnet.web.max-body." + name + " must be between 1KB and " + CEILING.toMegabytes() + "MB");
			}
		}
	}
}
