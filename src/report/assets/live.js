// The live what-if panel (docs/REPORTS.md), embedded in index.html after the
// WebAssembly engine (CorridorEngine, src/wasm/engine.c).  When embedded,
// line breaks, indentation and whole-line comments are dropped (README.md
// here), so every line ends with ';', '{', '}', ',' or an operator, and no
// comment follows code on a line.
//
// The state is the text of a scenario file (the textarea); the controls
// only edit lines of it and show what it says, and the address fragment
// #scenario=<the text, URL-encoded> holds it.  Each change re-solves.
(function(){'use strict';
  var dataEl=document.getElementById('live-data');
  var panel=document.getElementById('live-panel');
  if(!dataEl||!panel)return;
  var $=function(id){return document.getElementById(id);};
  var status=$('live-status'),errBox=$('live-error'),text=$('live-text'),out=$('live-results');
  var D=JSON.parse(dataEl.textContent);
  var base=null,cur=null,solveFn=null,linkIdx={},solved=0,lastText=null;
  var W_MIN=1.3,W_MAX=13.0;
  var CAPS=[['ferry','ferries','mode ferry'],['port','ports (handling)','transfer-at port'],['border','border crossings','transfer-at border']];
  var showError=function(msg){
    errBox.textContent=msg;
    errBox.hidden=!msg;
  };
  var esc=function(s){return String(s).replace(/[&<>"]/g,function(c){return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c];});};
  var rows=function(t){var k=Object.keys(t);return k.length?t[k[0]]:[];};
  var fmt=function(v,d){
    if(v===null||v===undefined||v==='')return '';
    return Number(v).toLocaleString('en-US',{minimumFractionDigits:d,maximumFractionDigits:d});
  };
  var sgn=function(v,d){
    var s=fmt(v,d);
    if(/^-?[0.,]+$/.test(s))return s.replace('-','');
    return Number(v)>0?'+'+s:s;
  };
  // ---- the scenario text and its lines ----
  var lines=function(){return text.value.split('\n');};
  var norm=function(l){return l.replace(/#.*/,'').trim().replace(/\s+/g,' ');};
  // removes the lines that match re, puts line (if any) where the first was
  // (or at `at`: 'start', 'afterbase', else the end), and re-solves
  var setLine=function(re,line,at){
    var ls=lines(),pos=-1,keep=[];
    ls.forEach(function(l){
      if(re.test(norm(l))){if(pos<0)pos=keep.length;}else keep.push(l);
    });
    while(keep.length&&keep[keep.length-1].trim()==='')keep.pop();
    if(line){
      if(pos<0){
        if(at==='start')pos=0;
        else if(at==='afterbase')pos=keep.length&&/^base /i.test(norm(keep[0]))?1:0;
        else pos=keep.length;
      }
      keep.splice(pos,0,line);
    }
    text.value=keep.join('\n');
    run();
  };
  var reEsc=function(s){return s.replace(/[.*+?^${}()|[\]\\]/g,'\\$&');};
  var lineRe=function(head){return new RegExp('^'+head+'$','i');};
  var premOf=function(tgt){
    var x=null,re=lineRe('set-constant '+reEsc(tgt)+' (\\S+)');
    lines().forEach(function(l){var m=re.exec(norm(l));if(m)x=m[1];});
    return x;
  };
  // ---- controls ----
  var csv=function(s){
    var out=[],row=[],f='',q=false;
    for(var i=0;i<s.length;i++){
      var c=s[i];
      if(q){if(c==='"'){if(s[i+1]==='"'){f+='"';i++;}else q=false;}else f+=c;}
      else if(c==='"')q=true;
      else if(c===','){row.push(f);f='';}
      else if(c==='\n'){row.push(f.replace(/\r$/,''));out.push(row);row=[];f='';}
      else f+=c;
    }
    if(f||row.length){row.push(f);out.push(row);}
    return out;
  };
  var years=function(){
    var ys={},t=csv(D.files['link.csv']||''),h=t[0]||[];
    ['opening_year','closing_year'].forEach(function(col){
      var c=h.indexOf(col);
      if(c<0)return;
      t.slice(1).forEach(function(r){var y=parseInt(r[c],10);if(y>1900&&y<2200)ys[y]=1;});
    });
    return Object.keys(ys).sort();
  };
  var build=function(){
    var pre=$('live-preset'),yr=$('live-year');
    pre.innerHTML='<option value="">the base (no preset)</option>';
    Object.keys(D.files).sort().forEach(function(f){
      var m=/^scenarios\/(.+)\.scenario$/.exec(f);
      if(!m||m[1]==='base'||m[1]==='what-if')return;
      pre.insertAdjacentHTML('beforeend','<option value="'+esc(m[1])+'">'+esc(m[1])+'</option>');
    });
    pre.addEventListener('change',function(){
      setLine(/^base \S+$/i,pre.value?'base '+pre.value+'.scenario':'','start');
    });
    yr.innerHTML='<option value="">'+(D.year?D.year:'as in the data (status)')+'</option>';
    years().forEach(function(y){yr.insertAdjacentHTML('beforeend','<option value="'+y+'">'+y+'</option>');});
    yr.addEventListener('change',function(){setLine(/^year \d+$/i,yr.value?'year '+yr.value:'','afterbase');});
    var cs=$('live-countries'),codes=rows(base.exposure).map(function(r){return r.country;});
    codes.forEach(function(cc){
      cs.insertAdjacentHTML('beforeend','<label><input type="checkbox" data-country="'+esc(cc)+'"> '+esc(cc)+'</label>');
    });
    cs.addEventListener('change',function(e){
      var cc=e.target.getAttribute('data-country');
      setLine(lineRe('close country '+reEsc(cc)),e.target.checked?'close country '+cc:'');
    });
    var cr=$('live-corridors'),tags={};
    rows(base.corridors).forEach(function(r){if(r.basis==='tag')tags[r.corridor]=1;});
    var ct=csv(D.files['corridors.csv']||''),tc=ct.length?ct[0].indexOf('tag'):-1;
    if(tc>=0)ct.slice(1).forEach(function(r){if(r[tc])tags[r[tc]]=1;});
    Object.keys(tags).forEach(function(t){
      cr.insertAdjacentHTML('beforeend','<label>'+esc(t)+' <select data-corridor="'+esc(t)+'"><option value="">as is</option>'+
        '<option value="close">closed</option><option value="open">opened</option></select></label>');
    });
    cr.addEventListener('change',function(e){
      var t=e.target.getAttribute('data-corridor');
      setLine(lineRe('(open|close) corridor '+reEsc(t)),e.target.value?e.target.value+' corridor '+t:'');
    });
    var cp=$('live-capacity');
    CAPS.forEach(function(c){
      cp.insertAdjacentHTML('beforeend','<label>'+esc(c[1])+' <input type="number" min="0.1" max="10" step="0.1" value="1" data-cap="'+
        esc(c[2])+'"></label>');
    });
    cp.addEventListener('change',function(e){
      var s=e.target.getAttribute('data-cap'),v=parseFloat(e.target.value);
      setLine(lineRe('scale-capacity '+reEsc(s)+' \\S+'),v>0&&v!==1?'scale-capacity '+s+' '+v:'');
    });
    var pm=$('live-premiums'),opts='';
    Object.keys(tags).forEach(function(t){opts+='<option value="corridor '+esc(t)+'">routes on corridor '+esc(t)+'</option>';});
    codes.forEach(function(cc){opts+='<option value="country '+esc(cc)+'">routes crossing '+esc(cc)+'</option>';});
    pm.innerHTML='<label>on <select id="live-prem-target">'+opts+'</select></label> <label>USD/t <input type="number" step="10" value="0" '+
      'id="live-prem-usd"></label> <button type="button" id="live-prem-set">Set</button>';
    $('live-prem-target').addEventListener('change',function(){$('live-prem-usd').value=premOf($('live-prem-target').value)||0;});
    $('live-prem-set').addEventListener('click',function(){
      var tgt=$('live-prem-target').value,v=parseFloat($('live-prem-usd').value);
      setLine(lineRe('set-constant '+reEsc(tgt)+' \\S+'),isFinite(v)&&v!==0?'set-constant '+tgt+' '+v:'');
    });
    var dm=$('live-demand'),cls={};
    rows(base.corridors).forEach(function(r){if(r['class']!=='all')cls[r['class']]=1;});
    Object.keys(cls).forEach(function(c){
      dm.insertAdjacentHTML('beforeend','<label>'+esc(c)+' <input type="number" min="0" max="10" step="0.1" value="1" data-class="'+
        esc(c)+'"></label>');
    });
    dm.addEventListener('change',function(e){
      var c=e.target.getAttribute('data-class'),v=parseFloat(e.target.value);
      setLine(lineRe('scale-demand \\S+ class '+reEsc(c)),v>=0&&v!==1?'scale-demand '+v+' class '+c:'');
    });
    $('live-apply').addEventListener('click',run);
    $('live-reset').addEventListener('click',function(){text.value='';run();});
    $('live-copy').addEventListener('click',function(){
      var url=location.href.split('#')[0]+'#scenario='+encodeURIComponent(text.value);
      var done=function(){$('live-copied').textContent='link copied';};
      if(navigator.clipboard&&navigator.clipboard.writeText)navigator.clipboard.writeText(url).then(done,function(){$('live-copied').textContent=url;});
      else $('live-copied').textContent=url;
    });
    var map=document.getElementById('map0');
    if(map)map.addEventListener('click',function(e){
      var p=e.target.closest?e.target.closest('.link'):null,id=p&&p.getAttribute('data-id');
      if(!id||linkIdx[id]===undefined)return;
      var now=cur||base,re=lineRe('(open|close) link '+reEsc(id));
      if(now.open[linkIdx[id]])setLine(re,'close link '+id);
      else if(lines().some(function(l){return re.test(norm(l));}))setLine(re,'');
      else setLine(re,'open link '+id);
    });
  };
  // the controls show what the text says
  var reflect=function(){
    var ls=lines().map(norm),has=function(re){var m=null;ls.forEach(function(l){var x=re.exec(l);if(x)m=x;});return m;};
    var m=has(/^base (\S+?)(\.scenario)?$/i);
    $('live-preset').value=m?m[1]:'';
    m=has(/^year (\d+)$/i);
    $('live-year').value=m?m[1]:'';
    document.querySelectorAll('#live-countries input').forEach(function(cb){
      cb.checked=!!has(lineRe('close country '+reEsc(cb.getAttribute('data-country'))));
    });
    document.querySelectorAll('#live-corridors select').forEach(function(s){
      var x=has(lineRe('(open|close) corridor '+reEsc(s.getAttribute('data-corridor'))));
      s.value=x?x[1].toLowerCase():'';
    });
    document.querySelectorAll('#live-capacity input').forEach(function(i){
      var x=has(lineRe('scale-capacity '+reEsc(i.getAttribute('data-cap'))+' (\\S+)'));
      i.value=x?x[1]:1;
    });
    var pt=$('live-prem-target');
    if(pt)$('live-prem-usd').value=premOf(pt.value)||0;
    document.querySelectorAll('#live-demand input').forEach(function(i){
      var x=has(lineRe('scale-demand (\\S+) class '+reEsc(i.getAttribute('data-class'))));
      i.value=x?x[1]:1;
    });
  };
  // ---- results ----
  var corridorTable=function(r,basis){
    var h='<div class="tw"><table class="live-corridors" data-basis="'+basis+'"><thead><tr><th>corridor</th><th>class</th>'+
      '<th>Mt/yr</th><th>change</th><th>days</th><th>change</th><th>USD/t</th><th>change</th></tr></thead><tbody>';
    rows(r.corridors).forEach(function(x){
      if(x.basis!==basis)return;
      h+='<tr data-corridor="'+esc(x.corridor)+'" data-class="'+esc(x['class'])+'" data-basis="'+esc(x.basis)+
        '" data-tonnes="'+x.tonnes+'" data-days="'+(x.mean_days===null?'':x.mean_days)+'" data-usd-t="'+
        (x.mean_usd_t===null?'':x.mean_usd_t)+'"><td>'+esc(x.corridor)+'</td><td>'+esc(x['class'])+'</td><td class="n">'+
        fmt(x.tonnes/1e6,3)+'</td><td class="n '+(x.delta_tonnes>0?'up':x.delta_tonnes<0?'down':'')+'">'+sgn(x.delta_tonnes/1e6,3)+
        '</td><td class="n">'+fmt(x.mean_days,2)+'</td><td class="n">'+sgn(x.delta_days,2)+'</td><td class="n">'+
        fmt(x.mean_usd_t,2)+'</td><td class="n">'+sgn(x.delta_usd_t,2)+'</td></tr>';
    });
    return h+'</tbody></table></div>';
  };
  var render=function(r,ms,what){
    var s=rows(r.summary)[0]||{},t=r.totals,bt=base.totals;
    var h='<div class="tw"><table class="live-summary"><thead><tr><th>measure</th><th>what-if</th><th>change against the base</th></tr></thead><tbody>'+
      '<tr><td>served, Mt/yr</td><td class="n" data-served="'+t.served+'">'+fmt(t.served/1e6,3)+'</td><td class="n">'+sgn((t.served-bt.served)/1e6,3)+'</td></tr>'+
      '<tr><td>unserved, Mt/yr</td><td class="n" data-unserved="'+t.unserved+'">'+fmt(t.unserved/1e6,3)+'</td><td class="n">'+sgn((t.unserved-bt.unserved)/1e6,3)+'</td></tr>'+
      '<tr><td>induced / suppressed (elastic demand), Mt/yr</td><td class="n">'+fmt(t.induced/1e6,3)+' / '+fmt(t.suppressed/1e6,3)+'</td><td></td></tr>'+
      '<tr><td>mean door-to-door days</td><td class="n">'+fmt(s.mean_days,3)+'</td><td class="n">'+sgn(s.delta_days,3)+'</td></tr>'+
      '<tr><td>mean USD per tonne</td><td class="n">'+fmt(s.mean_usd_t,2)+'</td><td class="n">'+sgn(s.delta_usd_t,2)+'</td></tr>'+
      '<tr><td>cost shippers perceive, USD bn/yr</td><td class="n">'+fmt(t.perceived/1e9,3)+'</td><td class="n">'+sgn((t.perceived-bt.perceived)/1e9,3)+'</td></tr>'+
      '<tr><td>links closed</td><td class="n">'+t.n_closed+'</td><td class="n">'+sgn(t.n_closed-bt.n_closed,0)+'</td></tr>'+
      '</tbody></table></div>';
    h+='<h3>Tonnes, days and USD per tonne by primary corridor and class</h3>'+corridorTable(r,'primary');
    h+='<details><summary>On each corridor a route touches (tag basis)</summary>'+corridorTable(r,'tag')+'</details>';
    var ex='',bx={};
    rows(base.exposure).forEach(function(x){bx[x.country]=x;});
    rows(r.exposure).forEach(function(x){
      var b0=bx[x.country]||{transit_t:0,share_t:0};
      if(!(x.transit_t>0)&&!(b0.transit_t>0))return;
      ex+='<tr data-country="'+esc(x.country)+'" data-transit-t="'+x.transit_t+'"><td>'+esc(x.country)+'</td><td class="n">'+fmt(x.transit_t/1e6,3)+
        '</td><td class="n">'+sgn((x.transit_t-b0.transit_t)/1e6,3)+'</td><td class="n">'+fmt(100*x.share_t,1)+' %</td><td class="n">'+
        fmt(100*x.share_value,1)+' %</td></tr>';
    });
    h+='<h3>Transit-country exposure</h3><div class="tw"><table class="live-exposure"><thead><tr><th>country</th><th>transit Mt/yr</th>'+
      '<th>change</th><th>share of tonnes</th><th>share of value</th></tr></thead><tbody>'+ex+'</tbody></table></div>';
    var un=rows(r.unserved);
    if(un.length){
      h+='<h3>Unserved demand (OD pairs with no open route)</h3><div class="tw"><table class="live-unserved"><thead><tr>';
      Object.keys(un[0]).forEach(function(k){h+='<th>'+esc(k)+'</th>';});
      h+='</tr></thead><tbody>';
      un.forEach(function(x){h+='<tr>';Object.keys(x).forEach(function(k){h+='<td>'+esc(x[k]===null?'':x[k])+'</td>';});h+='</tr>';});
      h+='</tbody></table></div>';
    }else h+='<p class="muted">No unserved demand.</p>';
    out.innerHTML=h;
    redraw(r);
    status.textContent='Solved '+what+' in '+ms.toFixed(1)+' ms ('+r.iterations+' iterations, gap '+
      Number(r.gap).toExponential(1)+', '+(r.choice==='logit'?'route-choice model':'user equilibrium')+(r.converged?'':', NOT converged')+').';
    panel.setAttribute('data-solve-ms',ms.toFixed(2));
  };
  // the base map (map0): widths by flow (or change), colour by v/c (or sign)
  var paths=[],vocColor=function(v){
    if(v===null||!isFinite(v))return '#3b6ea8';
    return v<0.5?'#1a9850':v<0.75?'#91cf60':v<0.9?'#fdae61':v<1?'#f46d43':'#a50026';
  };
  var initMap=function(){
    var map=document.getElementById('map0');
    if(!map)return;
    var vm=0;
    base.flow.forEach(function(f){if(f>vm)vm=f;});
    map.querySelectorAll('.link').forEach(function(p){
      var a=linkIdx[p.getAttribute('data-id')];
      if(a===undefined)return;
      var f=base.flow[a],w=f>vm*1e-6&&f>0?W_MIN+(W_MAX-W_MIN)*f/vm:1;
      paths.push({p:p,a:a,k:parseFloat(p.getAttribute('stroke-width'))/w,sw:p.getAttribute('stroke-width'),
        col:p.getAttribute('stroke'),dash:p.getAttribute('stroke-dasharray'),tip:p.getAttribute('data-tip')||''});
      p.style.cursor='pointer';
    });
  };
  var mapTitle=null;
  var redraw=function(r){
    var vm=0,same=r===base,h2=document.querySelector('#map h2');
    base.flow.forEach(function(f){if(f>vm)vm=f;});
    if(h2){
      if(mapTitle===null)mapTitle=h2.textContent;
      h2.textContent=same?mapTitle:mapTitle+' \u2192 live what-if (the panel below; widths on the base\u2019s scale)';
    }
    paths.forEach(function(x){
      var p=x.p,f=r.flow[x.a],b=base.flow[x.a];
      if(same){
        p.setAttribute('stroke-width',x.sw);
        p.setAttribute('stroke',x.col);
        if(x.dash)p.setAttribute('stroke-dasharray',x.dash);else p.removeAttribute('stroke-dasharray');
        if(x.tip)p.setAttribute('data-tip',x.tip);
        return;
      }
      var on=f>vm*1e-6&&f>0,w=on?W_MIN+(W_MAX-W_MIN)*f/vm:1;
      p.setAttribute('stroke-width',(w*x.k).toFixed(2));
      if(!r.open[x.a]){p.setAttribute('stroke','#cfd3da');p.setAttribute('stroke-dasharray','2 3');}
      else{
        p.setAttribute('stroke',on?vocColor(r.voc[x.a]):'#b3b8c2');
        if(x.dash)p.setAttribute('stroke-dasharray',x.dash);else p.removeAttribute('stroke-dasharray');
      }
      if(x.tip)p.setAttribute('data-tip',x.tip+'\nwhat-if: '+fmt(f,0)+' t/yr ('+sgn(f-b,0)+' against the base)'+(r.open[x.a]?'':', closed'));
    });
  };
  // ---- solving ----
  var setHash=function(){
    var h=text.value.trim()?'#scenario='+encodeURIComponent(text.value):'';
    if(location.hash!==h&&!(h===''&&location.hash===''))history.replaceState(null,'',location.href.split('#')[0]+h);
  };
  var run=function(){
    reflect();
    setHash();
    lastText=text.value;
    panel.setAttribute('data-state','solving');
    var r,ms;
    if(!text.value.trim()){
      r=base;
      ms=base.solve_ms;
    }else{
      var t0=performance.now(),js=solveFn(text.value);
      ms=performance.now()-t0;
      r=JSON.parse(js);
    }
    solved++;
    panel.setAttribute('data-solved',String(solved));
    if(!r.ok){
      var msg=String(r.error).replace(/^.*what-if\.scenario:(\d+):/,'line $1:').replace(/^.*what-if\.scenario:/,'');
      showError('The scenario was not applied \u2014 '+msg+'. The results below are still those of the previous state.');
      if(!cur){
        cur=base;
        render(base,base.solve_ms,'the base');
      }
      panel.setAttribute('data-state','error');
      return;
    }
    showError('');
    cur=r;
    render(r,ms,r===base?'the base':'the what-if');
    panel.setAttribute('data-state','ready');
  };
  var fromHash=function(){
    var h=location.hash,m=/^#scenario=(.*)$/.exec(h);
    if(!m)return false;
    var s;
    try{s=decodeURIComponent(m[1]);}catch(e){
      showError('The link\u2019s #scenario= part is not valid URL encoding; the base is shown.');
      return false;
    }
    if(s===lastText)return true;
    text.value=s;
    run();
    return true;
  };
  var start=function(M){
    var FS=M.FS;
    FS.mkdir(D.dir);
    FS.mkdir(D.dir+'/scenarios');
    Object.keys(D.files).forEach(function(f){FS.writeFile(D.dir+'/'+f,D.files[f]);});
    var open=M.cwrap('engine_open','string',['string','number','number','number','number']);
    solveFn=M.cwrap('engine_solve','string',['string']);
    base=JSON.parse(open(D.dir,D.year,D.choice,D.gap,D.max_iter));
    if(!base.ok){
      status.textContent='';
      showError('The live engine could not open the data set: '+base.error);
      panel.setAttribute('data-state','failed');
      return;
    }
    base.links.forEach(function(id,i){linkIdx[id]=i;});
    build();
    initMap();
    text.addEventListener('keydown',function(e){if(e.key==='Enter'&&(e.ctrlKey||e.metaKey))run();});
    window.addEventListener('hashchange',fromHash);
    if(!fromHash()){text.value='';run();}
  };
  if(typeof CorridorEngine!=='function'){
    status.textContent='';
    showError('The live engine is missing from this page.');
    panel.setAttribute('data-state','failed');
    return;
  }
  CorridorEngine({print:function(){},printErr:function(){}}).then(start,function(e){
    status.textContent='';
    showError('The live engine could not start: '+e);
    panel.setAttribute('data-state','failed');
  });
})();
