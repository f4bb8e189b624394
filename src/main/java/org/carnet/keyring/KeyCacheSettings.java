package org.carnet.keyring;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cache of unwrapped data keys: bounded and expiring, so that a key revoked or made unreachable in the key
 * service stops working within {@code ttl}.
 *
 * @param ttl {@code carnet.key-cache.ttl}: how long an unwrapped key is kept (default 5 minutes)
 * @param maximumSize {@code carnet.key-cache.maximum-size}: how many persons' keys at most (default 10,000)
 */
@ConfigurationProperties("carnet.key-cache")
record KeyCacheSettings(@DefaultValue("5m") Duration ttl, @DefaultValue("10000") long maximumSize) {
}
