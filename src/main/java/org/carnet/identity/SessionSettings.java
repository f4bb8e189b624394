package org.carnet.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Bounds on the HTTP sessions that every replica shares in PostgreSQL ({@code carnet.identity.sessions.*}); how long
 * an idle session lives is {@code server.servlet.session.timeout}.
 *
 * @param maxPerUser sessions one account may hold at once (default 5): signing in once more ends the least recently
 * used beyond it, on every replica
 * @param maxAttributeSize the largest value a session may store under one name, serialised (default 32KB; the
 * largest in use, the share-code page's four codes with their QR codes, is about 11KB); a larger one is refused and
 * the session keeps its previous state
 * @param maxAnonymous sessions without a signed-in user, in all (default 20,000, about 1KB each): beyond it the
 * oldest end ({@link AnonymousSessions})
 * @param maxAnonymousPerSource sessions without a signed-in user opened from one source (default 200: a reception
 * centre's people behind one address sign in at once): beyond it that source's oldest end
 */
@ConfigurationProperties("carnet.identity.sessions")
record SessionSettings(@DefaultValue("5") int maxPerUser, @DefaultValue("32KB") DataSize maxAttributeSize,
		@DefaultValue("20000") int maxAnonymous, @DefaultValue("200") int maxAnonymousPerSource) {

	SessionSettings {
		if (maxPerUser < 1) {
			throw new IllegalArgumentException("carnet.identity.sessions.max-per-user must be at least 1, was "
					+ maxPerUser);
		}
		if (maxAttributeSize.toBytes() < 1024) {
			throw new IllegalArgumentException("carnet.identity.sessions.max-attribute-size must be at least 1KB, was "
					+ maxAttributeSize);
		}
		if (maxAnonymousPerSource < 1 || maxAnonymous < maxAnonymousPerSource) {
			throw new IllegalArgumentException("carnet.identity.sessions.max-anonymous-per-source must be at least 1 and "
					+ "at most max-anonymous, were " + maxAnonymousPerSource + " and " + maxAnonymous);
		}
	}
}
