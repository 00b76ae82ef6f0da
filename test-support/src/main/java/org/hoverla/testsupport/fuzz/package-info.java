/**
 * A small seeded fuzz harness (no jqwik): {@link org.hoverla.testsupport.fuzz.Fuzz} runs N
 * replayable cases per target, {@link org.hoverla.testsupport.fuzz.ByteMutator} and
 * {@link org.hoverla.testsupport.fuzz.TextMutator} mutate corpus entries. See docs/parser-hardening.md.
 */
package org.hoverla.testsupport.fuzz;
