/* screen_rules.S - data/rules/screening.json (the screening report's verdicts), compiled into the library. */
    .section .rodata
    .global ov__screening_json
    .hidden ov__screening_json
ov__screening_json:
    .incbin OV_SCREENING_PATH
    .byte 0
    .section .note.GNU-stack,"",@progbits
