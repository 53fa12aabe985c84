/* H5P.LokadayaCheck 1.0: one question; an answer triggers xAPI "completed" with its score and success. */
var H5P = H5P || {};
H5P.LokadayaCheck = (function ($, EventDispatcher) {
  "use strict";

  function LokadayaCheck(params, contentId) {
    EventDispatcher.call(this);
    this.params = params || {};
    this.contentId = contentId;
    this.answered = false;
  }
  LokadayaCheck.prototype = Object.create(EventDispatcher.prototype);
  LokadayaCheck.prototype.constructor = LokadayaCheck;

  LokadayaCheck.prototype.getScore = function () { return this.score || 0; };
  LokadayaCheck.prototype.getMaxScore = function () { return 1; };

  LokadayaCheck.prototype.attach = function ($container) {
    var self = this;
    var params = this.params;
    $container.addClass("h5p-lokadaya-check");
    $("<p>", { "class": "question", text: params.question || "" }).appendTo($container);
    var $feedback = $("<p>", { "class": "feedback", role: "status" });
    (params.answers || []).forEach(function (answer) {
      $("<button>", { type: "button", text: answer.text }).on("click", function () {
        if (self.answered) { return; }
        self.answered = true;
        self.score = answer.correct ? 1 : 0;
        $container.find("button").prop("disabled", true);
        $feedback.text(answer.correct ? params.correctFeedback : params.wrongFeedback);
        self.triggerXAPICompleted(self.score, 1, !!answer.correct);
      }).appendTo($container);
    });
    $feedback.appendTo($container);
  };

  return LokadayaCheck;
})(H5P.jQuery, H5P.EventDispatcher);
