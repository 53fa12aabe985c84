/* The campaign's asks in the editor (campaigns.blocks.AsksStreamBlockAdapter): Wagtail's StreamBlock,
 * whose add-block menu leaves out "Support type not installed". That block keeps an ask whose plugin
 * was removed; it still draws the ones a page has, but an editor never adds one (the server refuses
 * a new one too: campaigns.fields.AsksField.validate). */
(function () {
  "use strict";

  var UNAVAILABLE = "unavailable";
  var StreamBlockDefinition = window.wagtailStreamField.blocks.StreamBlockDefinition;

  class AsksStreamBlockDefinition extends StreamBlockDefinition {
    constructor(name, groupedChildBlockDefs, initialChildStates, meta) {
      // The parent indexes every child block by name from the full list (existing asks need it)...
      super(name, groupedChildBlockDefs, initialChildStates, meta);
      // ...and the add-block menu reads this list: without the unavailable block, nor its group.
      this.groupedChildBlockDefs = groupedChildBlockDefs
        .map(function (group) {
          return [group[0], group[1].filter(function (def) { return def.name !== UNAVAILABLE; })];
        })
        .filter(function (group) { return group[1].length > 0; });
    }
  }

  window.telepath.register("campaigns.blocks.AsksStreamBlock", AsksStreamBlockDefinition);
})();
