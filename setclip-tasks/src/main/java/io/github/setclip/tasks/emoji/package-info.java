/** The default pretraining task: the embedded emoji pictures against their CLDR captions. */
package io.github.setclip.tasks.emoji;
