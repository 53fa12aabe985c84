/* The campaign's asks in the editor (campaigns.blocks.AsksStreamBlockAdapter): Wagtail's StreamBlock,
 * whose add-block menu leaves out the blocks the server names in meta.menuHidden (AsksStreamBlock.menu_hidden):
 * "Support type not installed", which keeps an ask whose plugin was removed, and the support types national
 * admins switched off. They stay child blocks, so the asks a page already has are still drawn; an editor never
 * adds a new one (the server refuses an unavailable one too: campaigns.fields.AsksField.validate). */
(function () {
  "use strict";

  var StreamBlockDefinition = window.wagtailStreamField.blocks.StreamBlockDefinition;

  class AsksStreamBlockDefinition extends StreamBlockDefinition {
    constructor(name, groupedChildBlockDefs, initialChildStates, meta) {
      // The parent indexes every child block by name from the full list (existing asks need it)...
      super(name, groupedChildBlockDefs, initialChildStates, meta);
      var hidden = (meta && meta.menuHidden) || ["unavailable"];
      // ...and the add-block menu reads this list: without the hidden blocks, nor their empty groups.
      this.groupedChildBlockDefs = groupedChildBlockDefs
        .map(function (group) {
          return [group[0], group[1].filter(function (def) { return hidden.indexOf(def.name) === -1; })];
        })
        .filter(function (group) { return group[1].length > 0; });
    }
  }

  window.telepath.register("campaigns.blocks.AsksStreamBlock", AsksStreamBlockDefinition);
})();
