/** Public-health statistics through the API: the analysts' {@code statistics} query. */
package org.carnet.graphql.statistics;
