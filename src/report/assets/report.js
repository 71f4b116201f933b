// The report page's script, embedded in index.html.  When embedded, line
// breaks, indentation and whole-line comments are dropped (see README.md), so
// every statement ends with ';' or '}'.
(function(){'use strict';
  var tip=document.getElementById('tip');
  // tooltips: each map <title> moves into data-tip, shown in a floating box
  document.querySelectorAll('svg.map .link,svg.map .node').forEach(function(el){
    var t=el.querySelector('title');
    if(!t)return;
    el.setAttribute('data-tip',t.textContent);
    el.addEventListener('mousemove',function(e){
      tip.textContent=el.getAttribute('data-tip');
      tip.style.left=(e.pageX+14)+'px';
      tip.style.top=(e.pageY+12)+'px';
      tip.hidden=false;
    });
    el.addEventListener('mouseleave',function(){tip.hidden=true;});
    t.parentNode.removeChild(t);
  });
  // mode check boxes hide/show the links of that mode
  document.querySelectorAll('.legend input[data-mode]').forEach(function(cb){
    cb.addEventListener('change',function(){
      var svg=document.getElementById(cb.getAttribute('data-map'));
      if(!svg)return;
      svg.querySelectorAll('.link').forEach(function(p){
        if(p.getAttribute('data-mode')===cb.getAttribute('data-mode'))p.style.display=cb.checked?'':'none';
      });
    });
  });
  // #selftest (used by tests/cli_report.sh): hover the first link with flow
  // and untick the first mode box, then record what happened on <body>
  if(location.hash==='#selftest'){
    var l=document.querySelector('svg.map .link.flow');
    if(l)l.dispatchEvent(new MouseEvent('mousemove',{bubbles:true,clientX:20,clientY:20}));
    document.body.setAttribute('data-selftest-tip',tip.hidden?'':tip.textContent.split('\n')[0]);
    var cb=document.querySelector('.legend input[data-mode]');
    if(cb){
      cb.click();
      var svg=document.getElementById(cb.getAttribute('data-map')),n=0;
      svg.querySelectorAll('.link').forEach(function(p){if(p.style.display==='none')n++;});
      document.body.setAttribute('data-selftest-hidden',cb.getAttribute('data-mode')+' '+n);
    }
  }
})();
