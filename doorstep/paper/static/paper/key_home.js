// Finding a sheet: the code box has the focus, ready for a scanner (it types the code and presses Enter).
document.getElementById("id_code").focus();
