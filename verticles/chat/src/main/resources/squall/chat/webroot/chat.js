/*
 * The room page, live: the server rendered the last messages (and `data-last-seq`); from here the bridge brings new
 * ones. Squall.connect (the bridge's client.js) reconnects by itself and resumes the room's channel after the last
 * message shown, so nothing is missed or shown twice. Messages are text: built with textContent, links as <a>
 * elements for http(s) URLs only.
 */
(function () {
  'use strict';

  var list = document.getElementById('messages');
  if (!list || !window.Squall) { return; }
  var room = list.getAttribute('data-room');
  var status = document.getElementById('status');
  var labels = JSON.parse(status.getAttribute('data-labels') || '{}');
  var members = document.getElementById('members');
  var count = document.getElementById('count');
  var counts = JSON.parse((count && count.getAttribute('data-labels')) || '{}');
  var shown = list.querySelectorAll('li.message').length;
  var form = document.querySelector('form.post');
  var input = form.querySelector('input[name=text]');
  var URL_RE = /https?:\/\/[^\s<>"'`]+/g;

  // the bridge listens on the next port (8080 -> 8081) unless the page says otherwise
  var port = (parseInt(location.port, 10) || (location.protocol === 'https:' ? 443 : 80)) + 1;
  var bridge = list.getAttribute('data-bridge') || location.protocol + '//' + location.hostname + ':' + port + '/eventbus';

  function setStatus(state) {
    status.setAttribute('data-status', state);
    status.textContent = labels[state] || state;
    form.classList.toggle('offline', state !== 'open');
  }

  function appendText(parent, text) {
    var at = 0;
    text.replace(URL_RE, function (url, index) {
      var trimmed = url.replace(/[.,;:!?)\]}]+$/, '');
      parent.appendChild(document.createTextNode(text.slice(at, index)));
      var a = document.createElement('a');
      a.href = trimmed;
      a.rel = 'nofollow noopener noreferrer';
      a.target = '_blank';
      a.textContent = trimmed;
      parent.appendChild(a);
      at = index + trimmed.length;
      return url;
    });
    parent.appendChild(document.createTextNode(text.slice(at)));
  }

  function show(message) {
    var li = document.createElement('li');
    li.className = 'message';
    li.setAttribute('data-seq', message.seq);
    var time = document.createElement('time');
    var when = new Date(message.ts);
    time.dateTime = when.toISOString();
    time.textContent = when.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'});
    var from = document.createElement('span');
    from.className = 'from';
    from.textContent = message.from || 'guest';
    var text = document.createElement('span');
    text.className = 'text';
    appendText(text, (message.data && message.data.text) || '');
    li.appendChild(time);
    li.appendChild(document.createTextNode(' '));
    li.appendChild(from);
    li.appendChild(document.createTextNode(' '));
    li.appendChild(text);
    list.appendChild(li);
    li.scrollIntoView({block: 'end'});
    // the server rendered "No messages yet" (or the count of the page it sent); live messages add to it
    shown++;
    if (count && counts.other) {
      count.textContent = shown === 1 ? counts.one : counts.other.replace('{0}', String(shown));
    }
  }

  function presence(event) {
    var existing = members.querySelector('li[data-user="' + CSS.escape(event.user) + '"]');
    if (event.type === 'join' && !existing) {
      var li = document.createElement('li');
      li.setAttribute('data-user', event.user);
      li.textContent = event.user;
      members.appendChild(li);
    } else if (event.type === 'leave' && existing) {
      existing.remove();
    }
  }

  // the session's token, asked at each (re)connect: the bridge's fallbacks (xhr) cannot carry this site's cookie to
  // another port, and the bridge closes a socket when its token expires (the session hands out a renewed one).
  // When the node that served this page is down (the bridge reconnects through another), the token the page already
  // has serves until it expires; a 401 means the session is over, and then there is none.
  var lastToken = null;
  function sessionToken() {
    var signal = window.AbortSignal && AbortSignal.timeout ? AbortSignal.timeout(5000) : undefined;
    return fetch('/auth/token', {credentials: 'same-origin', signal: signal})
      .then(function (r) {
        if (r.ok) { return r.json().then(function (t) { lastToken = t.token || null; return lastToken; }); }
        if (r.status === 401) { lastToken = null; }
        return lastToken;
      })
      .catch(function () { return lastToken; });
  }

  function connect() {
    // ?transport=xhr-polling (or xhr-streaming, eventsource...) forces a SockJS fallback, as a proxy might
    var forced = new URLSearchParams(location.search).get('transport');
    var bus = Squall.connect(bridge, {token: sessionToken, transports: forced ? [forced] : undefined});
    window.squallChat = {bus: bus};
    bus.onstatus = setStatus;
    bus.subscribe('channel.room.' + room, show, {
      since: parseInt(list.getAttribute('data-last-seq'), 10),
      onReload: function () { location.reload(); }
    });
    bus.subscribe('channel.room.' + room + '.presence', presence);
    form.addEventListener('submit', function (e) {
      if (bus.status !== 'open') { return; }   // offline: the plain form post still works
      e.preventDefault();
      var text = input.value.trim();
      if (!text) { return; }
      // idempotent: if the node storing it dies, the bridge sends it to another, and it is still stored once
      bus.send('chat.post', {room: room, text: text}, function (err) {
        if (err) { form.setAttribute('data-error', err.message || 'failed'); } else { input.value = ''; }
      }, {idempotent: true});
    });
  }

  connect();
})();
