package org.carnet.graphql;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An object of a GraphQL answer as {@link InMemoryObjects} completes it: its keys (shared by every object completed
 * with the same selection) and its values, in the order of the document. An immutable, insertion-ordered map equal to
 * the {@code LinkedHashMap} graphql-java would have built, without hashing each key into a table that is only ever
 * read in order ({@link AnswerJson} writes it from its arrays); {@link #get} looks the key up among a dozen.
 */
final class AnswerObject extends AbstractMap<String, Object> {

	private final String[] keys;

	private final Object[] values;

	/** Takes both arrays as they are: {@code keys} distinct, never changed afterwards, as long as {@code values}. */
	AnswerObject(String[] keys, Object[] values) {
		if (keys.length != values.length) {
			throw new IllegalArgumentException("An object needs as many values as keys");
		}
		this.keys = keys;
		this.values = values;
	}

	String key(int index) {
		return keys[index];
	}

	Object value(int index) {
		return values[index];
	}

	@Override
	public int size() {
		return keys.length;
	}

	@Override
	public boolean containsKey(Object key) {
		return indexOf(key) >= 0;
	}

	@Override
	public Object get(Object key) {
		int index = indexOf(key);
		return index < 0 ? null : values[index];
	}

	private int indexOf(Object key) {
		for (int i = 0; i < keys.length; i++) {
			if (keys[i].equals(key)) {
				return i;
			}
		}
		return -1;
	}

	@Override
	public Set<Map.Entry<String, Object>> entrySet() {
		return new AbstractSet<>() {

			@Override
			public int size() {
				return keys.length;
			}

			@Override
			public Iterator<Map.Entry<String, Object>> iterator() {
				return new Iterator<>() {

					private int next;

					@Override
					public boolean hasNext() {
						return next < keys.length;
					}

					@Override
					public Map.Entry<String, Object> next() {
						if (next >= keys.length) {
							throw new NoSuchElementException();
						}
						int index = next++;
						return new SimpleImmutableEntry<>(keys[index], values[index]);
					}
				};
			}
		};
	}
}
