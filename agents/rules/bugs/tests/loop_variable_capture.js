function wire(buttons, log) {
  for (var i = 0; i < buttons.length; i++) {
    // ruleid: B037
    buttons[i].addEventListener("click", function () {
      log("clicked button " + i);
    });
  }
}

function later(names) {
  for (var k in names) {
    // ruleid: B037
    setTimeout(() => console.log(names[k]), 100);
  }
}

function handlers(items) {
  for (var n = 0; n < items.length; n++) {
    // ruleid: B037
    items[n].onclick = function () {
      select(n);
    };
  }
}

function wireLet(buttons, log) {
  for (let i = 0; i < buttons.length; i++) {
    // ok: B037
    buttons[i].addEventListener("click", function () {
      log("clicked button " + i);
    });
  }
}

function sync(items) {
  for (var i = 0; i < items.length; i++) {
    // ok: B037
    items[i].forEach(function (x) {
      use(x, i);
    });
    // ok: B037
    setTimeout(function () { done(); }, 0);
  }
}
